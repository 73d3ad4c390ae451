from django.urls import path

from lvv.web.views import (
    actions,
    auth,
    cases,
    exports,
    home,
    persons,
    referral,
    supervision,
    transfers,
)

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("inloggen/", auth.login_view, name="login"),
    path("inloggen/code/", auth.otp_verify, name="otp_verify"),
    path("inloggen/tweestapsverificatie/", auth.otp_setup, name="otp_setup"),
    path("uitloggen/", auth.logout_view, name="logout"),
    path("casussen/", cases.case_list, name="case_list"),
    path("casussen/<int:case_id>/", cases.case_detail, name="case_detail"),
    path("casussen/<int:case_id>/export.csv", exports.case_export, name="case_export"),
    path("aanmelden/", referral.referral_register, name="referral_register"),
    path("casussen/<int:case_id>/persoon-samenvoegen/", persons.person_merge, name="person_merge"),
    path("casussen/<int:case_id>/overdragen/", transfers.transfer_propose, name="transfer_propose"),
    path("overdrachten/<int:transfer_id>/", transfers.transfer_decide, name="transfer_decide"),
    *actions.urlpatterns(),
    path("deelnamecheck/", supervision.police_lookup, name="police_lookup"),
    path("verwerkingenlogboek/", supervision.processing_log, name="processing_log"),
]
