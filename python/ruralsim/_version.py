"""The version of ruralsim: the one place it is written. pyproject.toml (scikit-build-core's regex
provider) and CMake (``project(ruralsim VERSION ...)``, hence the C++ ``RURALSIM_VERSION`` in every
output file and ``ruralsim._core.__version__``) read it from this line."""

__version__ = "0.1.0"
