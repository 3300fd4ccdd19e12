"""The shell's components as tags: {% load web %} then {% field form.name %}, {% chip … %},
{% empty_state … %}, {% tile t %}, and {% community_link slug path %}."""

from django import template

from commonweal.web import links

register = template.Library()

# Django appends the label suffix unless a label ends in one of `_(":?.!")`, and its zh-Hans
# catalogue keeps those ASCII: a Chinese question ("您的建议是什么？") then read "？:".
ENDS_A_SENTENCE = frozenset(":?.!：？。！")


@register.inclusion_tag("web/components/field.html")
def field(bound_field):
    label = str(bound_field.label or "")
    suffix = "" if label[-1:] in ENDS_A_SENTENCE else None
    return {"field": bound_field, "label_tag": bound_field.label_tag(label_suffix=suffix)}


@register.inclusion_tag("web/components/chip.html")
def chip(label, url, count=None, on=False, name="", value=""):
    return {"label": label, "url": url, "count": count, "on": on, "name": name, "value": value}


@register.inclusion_tag("web/components/empty.html")
def empty_state(message, action_url="", action_label=""):
    return {"message": message, "action_url": action_url, "action_label": action_label}


@register.inclusion_tag("web/components/tile.html")
def tile(t, count=None):
    return {
        "key": t.key,
        "label": t.label,
        "url": t.url,
        "glyph": t.glyph,
        "colour": t.colour,
        "hint": t.hint,
        "count": count,
    }


@register.simple_tag(takes_context=True)
def community_link(context, slug, path="/"):
    return links.community_url(slug, path, context.get("request"))
