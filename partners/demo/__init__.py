"""The partners' demo data for seed_demo, one module per subject; ``seed.seed`` adds it."""
