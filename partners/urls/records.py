from django.urls import path

from ..views import records

urlpatterns = [
    path("", records.partner_list, name="partner_list"),
    path("export/", records.partner_export, name="partner_export"),
    path("directory.pdf", records.partner_directory_pdf, name="partner_directory_pdf"),
    path("board/", records.partner_board, name="partner_board"),
    path("add/", records.partner_create, name="partner_create"),
    path("<int:pk>/", records.partner_detail, name="partner_detail"),
    path("<int:pk>/edit/", records.partner_update, name="partner_update"),
    path("<int:pk>/delete/", records.partner_delete, name="partner_delete"),
    path("<int:pk>/move/", records.partner_move, name="partner_move"),
    path("<int:pk>/pause/", records.partner_pause, name="partner_pause"),
    path("<int:pk>/resume/", records.partner_resume, name="partner_resume"),
    path("<int:pk>/end/", records.partner_end, name="partner_end"),
    path("<int:pk>/contacts/add/", records.contact_create, name="contact_create"),
    path("<int:pk>/contacts/<int:contact_pk>/edit/", records.contact_update, name="contact_update"),
    path(
        "<int:pk>/contacts/<int:contact_pk>/delete/", records.contact_delete, name="contact_delete"
    ),
]
