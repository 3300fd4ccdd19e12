"""Community deletions, for platform admins (included under /privacy/)."""

from django.urls import path

from commonweal.privacy import views

urlpatterns = [path("closures/", views.community_closures, name="community-closures")]
