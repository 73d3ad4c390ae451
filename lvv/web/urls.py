from django.urls import path

from lvv.web.views import auth, cases, home, supervision

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("inloggen/", auth.login_view, name="login"),
    path("inloggen/code/", auth.otp_verify, name="otp_verify"),
    path("inloggen/tweestapsverificatie/", auth.otp_setup, name="otp_setup"),
    path("uitloggen/", auth.logout_view, name="logout"),
    path("casussen/", cases.case_list, name="case_list"),
    path("casussen/<int:case_id>/", cases.case_detail, name="case_detail"),
    path("deelnamecheck/", supervision.police_lookup, name="police_lookup"),
    path("verwerkingenlogboek/", supervision.processing_log, name="processing_log"),
]
