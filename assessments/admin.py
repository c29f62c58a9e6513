"""Superusers only. Practitioners use the portal's own pages; children are not listed here,
so that nobody reaches a child's record without the visibility selector."""
