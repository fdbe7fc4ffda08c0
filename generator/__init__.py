"""Static-site generator for 法治政府建设工作要点 (plan → pages → MkDocs)."""
