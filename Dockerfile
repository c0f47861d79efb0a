# Astro Runtime 3.3 ships Apache Airflow 3.3; requirements.txt adds the providers and libraries it lacks.
FROM astrocrpublic.azurecr.io/runtime:3.3-2
# DAGs import the domain package as `include.gong_intel`, relative to the project root.
ENV PYTHONPATH="/usr/local/airflow"
