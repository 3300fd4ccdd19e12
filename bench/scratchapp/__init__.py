"""A bench-only tenant app of ~30 realistic models, so a tenant schema weighs what a real one
will (the product's tenant apps are still empty). Never installed outside bench/settings.py."""
