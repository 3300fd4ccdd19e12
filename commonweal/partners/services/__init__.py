"""Writes of a community's partner programme, one module per entity; each runs in the
community's schema and in the caller's transaction.

- `partnerships`: applying, the status lifecycle, service points, the directory's search
  documents;
- `calls`: calls for partners (招募);
- `agreement`: resource commitments (资源清单), obligations (公益义务) and their fulfilments;
- `evaluations`: residents' ratings, periodic evaluations and recognitions.

An organisation's platform-wide identity and its representatives are written by
`commonweal.partners.registry.services` (public schema).
"""
