from lvv.cli import main

main()
