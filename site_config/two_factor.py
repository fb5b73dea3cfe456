"""Two-factor sign-in to the admin (django-otp): who must use it, setting up an authenticator app,
the second sign-in step, one-time recovery codes, and an administrator's reset of a lost device.

Who must: every user holding `core.require_two_factor` (granted to a group in the admin's group
editor; superusers hold every permission), and anyone who has set up a device of their own. Such a
user who has signed in with a password only reaches nothing under the admin but the pages here.

wagtail-2fa is not used: its 1.8.0 release imports `wagtail.users.widgets`, which Wagtail 8 no
longer has, and its code form gives no device to django-otp ≥ 1.7, which then refuses every code.
"""

from base64 import b32encode

import segno
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, View

REQUIRED_PERMISSION = "core.require_two_factor"
RECOVERY_DEVICE_NAME = "恢复码"
RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "验证器应用"
# Reachable after the password alone: signing in and out, what the sign-in page itself loads, and
# the second step. Setting up a device is reachable too, but only while the user has none.
OPEN_BEFORE_SECOND_STEP = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "two_factor_verify",
}


def must_use_two_factor(user):
    return user.has_perm(REQUIRED_PERMISSION) or user_has_device(user, confirmed=True)


def reset_devices(user):
    """Forget every device and recovery code of `user` (a lost phone): the next sign-in asks the
    user to set up an authenticator again if a group requires it. Returns how many were removed."""
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    return len(devices)


def new_recovery_codes(user):
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones, each usable once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


class TwoFactorMiddleware:
    """Send a user who must use a second factor, and has not yet, to set it up or to enter it.

    Goes after django-otp's OTPMiddleware, which tells whether this session passed the second step.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.second_step(request) or self.get_response(request)

    def second_step(self, request):
        # Only the admin is guarded; elsewhere the user (a session and database read) is not
        # even looked at, so the public site and the display preferences work without the database.
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        try:
            url_name = resolve(request.path_info).url_name
        except Resolver404:
            return None
        if url_name in OPEN_BEFORE_SECOND_STEP:
            return None
        if user_has_device(user, confirmed=True):
            return redirect_to_login(request.get_full_path(), reverse("two_factor_verify"))
        if url_name == "two_factor_setup" or not user.has_perm(REQUIRED_PERMISSION):
            return None
        return redirect_to_login(request.get_full_path(), reverse("two_factor_setup"))


def _code_field(label, help_text):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class VerifyForm(forms.Form):
    otp_token = _code_field("验证码", "验证器应用中的 6 位数字；手机不在身边时，输入一个恢复码。")

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_otp_token(self):
        code = "".join(self.cleaned_data["otp_token"].split()).lower()
        # Six digits come from an authenticator app; anything else can only be a recovery code.
        kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
        throttled = False
        with transaction.atomic():
            for device in devices_for_user(self.user, confirmed=True, for_verify=True):
                if not isinstance(device, kind):
                    continue
                allowed, _ = device.verify_is_allowed()
                if not allowed:
                    throttled = True
                elif device.verify_token(code):
                    self.device = device
                    return code
        if throttled:
            raise forms.ValidationError("错误次数过多，请稍等片刻再试。", code="throttled")
        raise forms.ValidationError("验证码不正确或已使用过，请重新输入。", code="invalid")


class SetupForm(forms.Form):
    otp_token = _code_field("验证码", "扫描二维码后，输入验证器应用显示的 6 位数字。")

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self):
        code = "".join(self.cleaned_data["otp_token"].split())
        if not self.device.verify_is_allowed()[0]:
            raise forms.ValidationError("错误次数过多，请稍等片刻再试。", code="throttled")
        if not self.device.verify_token(code):
            raise forms.ValidationError("验证码不正确，请确认手机时间准确后重新输入。")
        return code


def _next_url(request):
    target = request.POST.get(REDIRECT_FIELD_NAME, request.GET.get(REDIRECT_FIELD_NAME, ""))
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else ""


sensitive = method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")


@sensitive
class VerifyView(FormView):
    """The second sign-in step: a code from the authenticator app, or a recovery code."""

    template_name = "site_config/two_factor/verify.html"
    form_class = VerifyForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if not user_has_device(request.user, confirmed=True):
            return redirect("two_factor_setup")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": _next_url(self.request)}

    def form_valid(self, form):
        otp_login(self.request, form.device)
        if isinstance(form.device, StaticDevice):
            left = form.device.token_set.count()
            messages.warning(self.request, f"已使用一个恢复码，还剩 {left} 个。")
        return redirect(_next_url(self.request) or reverse("wagtailadmin_home"))


@sensitive
class SetupView(FormView):
    """Add an authenticator app: scan the QR code, confirm with one code, then make recovery codes.

    Before the second step only a user without any device gets here (see the middleware); with a
    device, adding another needs the second step first.
    """

    template_name = "site_config/two_factor/setup.html"
    form_class = SetupForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if user_has_device(user, confirmed=True) and not user.is_verified():
            return redirect_to_login(request.get_full_path(), reverse("two_factor_verify"))
        # One pending device per user, so reloading the page keeps the QR code already scanned.
        self.device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if self.device is None:
            self.device = TOTPDevice.objects.create(
                user=user, name=AUTHENTICATOR_NAME, confirmed=False
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}

    def get_context_data(self, **kwargs):
        secret = b32encode(self.device.bin_key).decode()
        return {
            **super().get_context_data(**kwargs),
            "next": _next_url(self.request),
            # segno's own SVG of the device's URL: nothing from the request is in it.
            "qr_svg": mark_safe(
                segno.make(self.device.config_url, error="m").svg_inline(
                    scale=4, title="两步验证二维码"
                )
            ),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "issuer": settings.OTP_TOTP_ISSUER,
        }

    def form_valid(self, form):
        self.device.confirmed = True
        self.device.save(update_fields=["confirmed"])
        otp_login(self.request, self.device)
        messages.success(self.request, "两步验证已启用。请立即生成恢复码并妥善保存。")
        return redirect("two_factor_recovery_codes")


@sensitive
class RecoveryCodesView(View):
    """A verified user makes ten new recovery codes (the old ones stop working); shown once."""

    template_name = "site_config/two_factor/recovery_codes.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_verified():
            return redirect("two_factor_setup")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(codes=None)

    def post(self, request):
        return self.render(codes=new_recovery_codes(request.user))

    def render(self, codes):
        left = StaticToken.objects.filter(
            device__user=self.request.user, device__name=RECOVERY_DEVICE_NAME
        ).count()
        authenticators = TOTPDevice.objects.filter(user=self.request.user, confirmed=True)
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "page_title": "两步验证",
                "header_icon": "lock",
                "codes": codes,
                "left": left,
                "authenticators": authenticators,
            },
        )
