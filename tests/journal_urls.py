"""A URLconf that includes the journal as a project would: apimock.urls."""

from django.urls import include, path

urlpatterns = [path("", include("apimock.urls"))]
