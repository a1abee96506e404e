from django.urls import path

from mesoclinic.formulary import views

app_name = "formulary"
urlpatterns = [
    path("formulary/", views.formulary_index, name="index"),
    path("formulary/clinic/<int:clinic_id>/", views.formulary_list, name="list"),
    path("formulary/clinic/<int:clinic_id>/products/new/", views.product_new, name="product_new"),
    path("formulary/products/<int:product_id>/", views.product_detail, name="product"),
    path("formulary/products/<int:product_id>/edit/", views.product_edit, name="product_edit"),
    path("formulary/products/<int:product_id>/limit/", views.product_limit, name="product_limit"),
    path("formulary/products/<int:product_id>/lots/new/", views.lot_new, name="lot_new"),
    path("formulary/lots/<int:lot_id>/", views.lot_detail, name="lot"),
    path("formulary/lots/<int:lot_id>/movements/new/", views.lot_movement, name="lot_movement"),
    path("formulary/lots/<int:lot_id>/recall/", views.lot_recall_view, name="lot_recall"),
]
