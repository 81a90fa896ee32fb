"""Full-screen views pushed over the desk."""
