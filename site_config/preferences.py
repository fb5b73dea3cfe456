"""Display preferences (text size, contrast) kept in cookies, so cached pages stay the same for everyone."""

TEXT_SIZES = {"standard": "标准", "large": "大", "xlarge": "特大"}
CONTRASTS = {"standard": "标准", "high": "高对比度"}
TEXT_COOKIE = "xd_text"
CONTRAST_COOKIE = "xd_contrast"
COOKIE_MAX_AGE = 365 * 24 * 3600

# Elder mode is a named combination: large text, high contrast (and, through the CSS, large targets).
MODES = {
    "elder": {"text": "large", "contrast": "high"},
    "standard": {"text": "standard", "contrast": "standard"},
}

ROOT_VARIABLES = {
    "standard": "",
    "large": "--font-size:1.25rem;--line-height:1.8;--target-size:3.25rem;",
    "xlarge": "--font-size:1.5rem;--line-height:1.8;--target-size:3.75rem;",
}
HIGH_CONTRAST = (
    "--color-text:#000;--color-bg:#fff;--color-muted:#000;--color-link:#00008b;"
    "--color-brand:#000;--color-brand-text:#ffff00;--color-surface:#fff;--color-border:#000;"
    "--color-focus:#d00000;"
)


def mode_choices(mode, current_text):
    """What switching to a mode sets, or None for an unknown mode.

    Elder mode makes text at least large: a visitor who already chose 特大 keeps it.
    """
    choices = MODES.get(mode)
    if choices is None:
        return None
    sizes = list(TEXT_SIZES)
    if (
        mode == "elder"
        and current_text in sizes
        and sizes.index(current_text) > sizes.index(choices["text"])
    ):
        return {**choices, "text": current_text}
    return dict(choices)


def read(cookies):
    """The visitor's current preferences, falling back to standard for anything unknown."""
    text = cookies.get(TEXT_COOKIE, "standard")
    contrast = cookies.get(CONTRAST_COOKIE, "standard")
    return (
        text if text in TEXT_SIZES else "standard",
        contrast if contrast in CONTRASTS else "standard",
    )


def stylesheet(text, contrast):
    """CSS that applies the preferences and marks the active choice in the header controls."""
    variables = ROOT_VARIABLES[text] + (HIGH_CONTRAST if contrast == "high" else "")
    elder = text != "standard" or contrast == "high"
    rules = []
    if variables:
        rules.append(f":root{{{variables}}}")
    if contrast == "high":
        rules.append("a{text-decoration:underline}img{filter:contrast(1.1)}")
    rules.append(
        f'.prefs a[data-pref="text-{text}"],.prefs a[data-pref="contrast-{contrast}"]'
        "{font-weight:700;outline:2px solid currentColor}"
    )
    shown, hidden = ("standard", "elder") if elder else ("elder", "standard")
    rules.append(f'.prefs a[data-pref="mode-{hidden}"]{{display:none}}')
    rules.append(f'.prefs a[data-pref="mode-{shown}"]{{display:inline-flex}}')
    return "\n".join(rules) + "\n"
