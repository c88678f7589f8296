"""Responsive pictures: check editors' image files, plan and encode variants, render <picture>."""
