"""Renderers: turn definitions and cases into things people look at.

Each module here owns one output format; none of them changes a case.
"""
