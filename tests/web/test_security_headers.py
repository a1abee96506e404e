def test_pages_carry_a_strict_content_security_policy_and_no_framing(logged_in):
    response = logged_in.get("/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_production_settings_redirect_plain_http_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/login/")

    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_healthz_stays_reachable_over_plain_http_for_load_balancers(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
