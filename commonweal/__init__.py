"""Commonweal — 社区治理合伙人平台."""
