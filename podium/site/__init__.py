"""The site: pages that compose several apps (home, a project with its results), the URL map."""
