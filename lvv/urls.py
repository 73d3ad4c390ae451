from django.urls import path

from lvv import views

urlpatterns = [
    path("", views.home, name="home"),
]
