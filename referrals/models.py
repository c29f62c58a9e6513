"""Referral routes, the support directory and the referral journey (to come)."""
