# python:3.13-slim-trixie (and python:3.11-slim-*) stand-in: Debian's CPython, laid out like the
# official image (python, python3 and pip in /usr/local/bin). 3.13 is the same interpreter that the
# distroless python3-debian13 stand-in carries, so a venv or site-packages built here runs there.
ARG SUITE=trixie
FROM multistage-standin/debian:${SUITE}
ARG PY=3.13
ARG PYTHON_VERSION

RUN set -eux; \
    apt-get update -qq; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      "python${PY}" "python${PY}-venv" python3-pip ca-certificates netbase tzdata >/dev/null; \
    apt-get clean; rm -rf /var/lib/apt/lists/*; \
    # The official image's interpreter lives in /usr/local/bin. As there, a venv made with
    # `python -m venv` links back to /usr/local/bin/python, which distroless lacks.
    ln -s "/usr/bin/python${PY}" /usr/local/bin/python3; \
    ln -s python3 /usr/local/bin/python; \
    ln -s "/usr/bin/python${PY}" "/usr/local/bin/python${PY}"; \
    ln -s /usr/bin/pip3 /usr/local/bin/pip3; \
    ln -s pip3 /usr/local/bin/pip; \
    # The official image lets root pip-install into the system (no PEP 668 marker).
    rm -f "/usr/lib/python${PY}/EXTERNALLY-MANAGED"; \
    test "$(python --version)" = "Python ${PYTHON_VERSION}"

# PyPI is unreachable here: the tests serve a PEP 503 index (/opt/pypi) on this address and run
# pip in builds with --network host.
RUN printf '[global]\nindex-url = http://127.0.0.1:38081/simple/\ntrusted-host = 127.0.0.1\ndisable-pip-version-check = true\n' \
      > /etc/pip.conf

ENV PYTHON_VERSION=${PYTHON_VERSION} \
    LANG=C.UTF-8 \
    PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["python3"]
