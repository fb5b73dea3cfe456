"""Operations above every content app: seeding the site, demo users, backup and restore, benchmarks."""
