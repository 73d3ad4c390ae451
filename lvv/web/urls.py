from django.urls import path

from lvv.web.views import (
    actions,
    administration,
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
    path("wachtwoord-wijzigen/", auth.password_change, name="password_change"),
    path("wachtwoord-instellen/", auth.password_reset_confirm, name="password_reset_confirm"),
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
    # The functional administration (lvv.access.services has its rules).
    path("beheer/", administration.administration_home, name="admin_home"),
    path("beheer/gebruikers/", administration.user_list, name="admin_users"),
    path("beheer/gebruikers/nieuw/", administration.user_create, name="admin_user_create"),
    path("beheer/gebruikers/<int:user_id>/", administration.user_edit, name="admin_user_edit"),
    path(
        "beheer/gebruikers/<int:user_id>/wachtwoordlink/",
        administration.user_reset_link,
        name="admin_user_reset_link",
    ),
    path(
        "beheer/gebruikers/<int:user_id>/tweestapsverificatie/",
        administration.user_two_factor_reset,
        name="admin_user_two_factor_reset",
    ),
    path("beheer/lvvs/", administration.lvv_list, name="admin_lvvs"),
    path("beheer/lvvs/<int:lvv_id>/", administration.lvv_edit, name="admin_lvv_edit"),
    path("beheer/organisaties/", administration.organisation_list, name="admin_organisations"),
    path(
        "beheer/organisaties/nieuw/",
        administration.organisation_edit,
        name="admin_organisation_create",
    ),
    path(
        "beheer/organisaties/<int:organisation_id>/",
        administration.organisation_edit,
        name="admin_organisation_edit",
    ),
    path("beheer/logboek/", administration.administration_log, name="admin_log"),
]
