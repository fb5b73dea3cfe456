"""导航 links from a community's station to China's map apps (Amap 高德, Baidu 百度), built from its
stored coordinates. Plain links: the page loads nothing from either map site.

The stored coordinates are WGS-84, as GPS gives them. Both apps draw their maps in their own
shifted systems (Amap GCJ-02, Baidu BD-09), so every link says its coordinates are WGS-84
(Amap `coordinate=wgs84`, Baidu `coord_type=wgs84`) and the app converts them; without that the
pin lands a few hundred metres from the door.
"""

from decimal import Decimal
from urllib.parse import quote, urlencode

from django import template

register = template.Library()

# Amap's URI API, 单点标注: position is "longitude,latitude"; callnative=1 opens the Amap app on
# a phone that has it, else Amap's web map.
AMAP_MARKER_URL = "https://uri.amap.com/marker"
# Baidu's URI API, marker: location is "latitude,longitude" (the other way round from Amap);
# output=html for the web map; src names the calling site, as webapp.<company>.<app>.
BAIDU_MARKER_URL = "https://api.map.baidu.com/marker"
BAIDU_SOURCE = "webapp.xuedu.portal"


def coordinate(value):
    """A stored coordinate as at most six decimals, the precision the field keeps."""
    return f"{Decimal(str(value)):.6f}"


def _url(base, params):
    # quote, not quote_plus: a space in a name is %20 for both apps; the comma between the two
    # numbers stays as the APIs' examples write it.
    return f"{base}?{urlencode(params, quote_via=quote, safe=',')}"


def amap_url(name, latitude, longitude):
    return _url(
        AMAP_MARKER_URL,
        {
            "position": f"{coordinate(longitude)},{coordinate(latitude)}",
            "name": name,
            "coordinate": "wgs84",
            "callnative": "1",
        },
    )


def baidu_url(name, address, latitude, longitude):
    return _url(
        BAIDU_MARKER_URL,
        {
            "location": f"{coordinate(latitude)},{coordinate(longitude)}",
            "title": name,
            "content": address,
            "output": "html",
            "coord_type": "wgs84",
            "src": BAIDU_SOURCE,
        },
    )


def map_links(community):
    """[(app name, url), …] for a community's station; [] when it has no coordinates."""
    latitude, longitude = community.latitude, community.longitude
    if latitude is None or longitude is None:
        return []
    name = community.station_name or community.title
    return [
        ("高德地图", amap_url(name, latitude, longitude)),
        ("百度地图", baidu_url(name, community.address, latitude, longitude)),
    ]


@register.inclusion_tag("communities/includes/directions.html")
def directions(community):
    """The station's 导航 links, {% directions page %}; nothing without coordinates (the page
    shows the address on its own)."""
    return {"station": community.station_name or community.title, "links": map_links(community)}
