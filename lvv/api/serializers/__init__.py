"""What the API shows, one module per resource (part 2 adds the typed event payloads and
the write requests next to these)."""
