"""Tests of digits/images/, a module of tests per module of the package."""
