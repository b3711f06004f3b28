"""A readable name for a logged-in device ("Chrome on Android"), from its User-Agent, by ua-parser."""

from __future__ import annotations

from functools import lru_cache

import ua_parser
from flask_babel import gettext as _

# ua-parser names the mobile builds and the installed-app views separately; a person knows them by the browser.
BROWSERS = {
    "Chrome Mobile": "Chrome",
    "Chrome Mobile iOS": "Chrome",
    "Chrome Mobile WebView": "Chrome",
    "HeadlessChrome": "Chrome",
    "Mobile Safari": "Safari",
    "Mobile Safari UI/WKWebView": "Safari",  # iOS: the app opened from the home screen
    "Firefox Mobile": "Firefox",
    "Firefox iOS": "Firefox",
    "Edge Mobile": "Edge",
    "Opera Mobile": "Opera",
}
SYSTEMS = {"Mac OS X": "macOS", "Chrome OS": "ChromeOS"}
MAX_LENGTH = 200  # what a LoginSession keeps of the header


@lru_cache(maxsize=512)
def parse(user_agent: str) -> tuple[str | None, str | None]:
    """(browser, operating system) named in `user_agent`, each None when unknown. Cached: /me asks per device."""
    browser = ua_parser.parse_user_agent(user_agent)
    system = ua_parser.parse_os(user_agent)
    return (
        BROWSERS.get(browser.family, browser.family) if browser else None,
        SYSTEMS.get(system.family, system.family) if system else None,
    )


def device_name(user_agent: str | None) -> str:
    """Name a device like "Chrome on Android" or "Safari on iOS"; just one of the two if the other is unknown."""
    browser, system = parse((user_agent or "")[:MAX_LENGTH])
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    return browser or system or _("Unknown device")
