from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("otp/", views.otp_view, name="otp"),
    path("otp/disable/", views.otp_disable, name="otp_disable"),
    path("profile/", views.profile, name="profile"),
    path("password/", views.password_change, name="password_change"),
    path("users/", views.UserListView.as_view(), name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<str:username>/", views.user_detail, name="user_detail"),
    path("users/<str:username>/edit/", views.user_edit, name="user_edit"),
    path("users/<str:username>/reset-password/", views.user_reset_password, name="user_reset_password"),
    path("users/<str:username>/unlock/", views.user_unlock, name="user_unlock"),
    path("users/<str:username>/memberships/new/", views.membership_add, name="membership_add"),
    path("users/<str:username>/memberships/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("roles/", views.RoleListView.as_view(), name="roles"),
    path("roles/<str:code>/", views.role_detail, name="role_detail"),
    path("roles/<str:code>/edit/", views.role_edit, name="role_edit"),
    path("login-log/", views.LoginLogListView.as_view(), name="login_log"),
]
