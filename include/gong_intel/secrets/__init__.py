"""Secrets from Pulumi ESC: an Airflow secrets backend and the mapping from the team's ESC keys to the
pipeline's connections and Variable (README "Deploying on Astro with Pulumi ESC")."""
