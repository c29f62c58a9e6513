from django.urls import path

from . import views

app_name = "families"

urlpatterns = [
    path("", views.easy_read, name="easy_read"),
    path("ask/", views.ask, name="ask"),
    path("ask/sent/", views.ask_sent, name="ask_sent"),
    path("poster.pdf", views.poster, name="poster"),
    path("flyer.pdf", views.flyer, name="flyer"),
]
