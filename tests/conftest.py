import pytest

from acecore.analysis import Analysis


@pytest.fixture
def analysis() -> Analysis:
    return Analysis()
