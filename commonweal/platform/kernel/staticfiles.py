"""Static files as production serves them: hashed names, gzip copies made at collectstatic."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    """Django rewrites `sourceMappingURL` comments to hashed names and fails when the map is
    missing; Leaflet.markercluster's script names one its package does not ship. Source maps
    are for developers' tools, so their comments are left as they are."""
    kept = []
    for extension, rules in patterns:
        rules = tuple(
            rule
            for rule in rules
            if "sourceMappingURL" not in (rule[0] if isinstance(rule, tuple) else rule)
        )
        kept.append((extension, rules))
    return tuple(kept)


class CompressedManifestStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
