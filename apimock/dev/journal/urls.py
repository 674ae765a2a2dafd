"""The journal's pages, below its path (see :mod:`apimock.urls`)."""

from __future__ import annotations

from django.urls import path

from apimock.dev.journal import views

app_name = "apimock_journal"
urlpatterns = [
    path("", views.index, name="index"),
    path("poll/", views.poll, name="poll"),
    path("calls/<int:number>/", views.detail, name="detail"),
    path("clear/", views.clear, name="clear"),
    path("reset/", views.reset, name="reset"),
    path("switch/", views.switch, name="switch"),
    path("<str:name>", views.asset, name="asset"),
]
