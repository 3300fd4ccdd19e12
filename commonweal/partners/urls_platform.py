from django.urls import path

from commonweal.partners.pages import mine

urlpatterns = [
    path("", mine.my_partnerships, name="my-partnerships"),
    path("<int:organisation_id>/profile/", mine.edit_profile, name="my-partner-profile"),
]
