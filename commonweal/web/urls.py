"""The shell's own addresses, the same on both hosts (included by both URL configurations)."""

from django.urls import path

from commonweal.web import search_views, views

shell_urls = [
    path("search/", search_views.search_page, name="search"),
    path("me/", views.me, name="me"),
    path("text-size/", views.text_size, name="text-size"),
    path("favicon.ico", views.favicon, name="favicon"),
]
