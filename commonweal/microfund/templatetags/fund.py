from django import template

register = template.Library()


@register.filter
def yuan(fen) -> str:
    """12345 (fen) → "123.45"."""
    fen = int(fen or 0)
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100:,}.{abs(fen) % 100:02d}"
