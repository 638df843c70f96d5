"""Deciding what the policy requires and drafting the documents."""
