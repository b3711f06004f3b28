def test_login_page_renders(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert 'name="email"' in response.get_data(as_text=True)


def test_login_as_reaches_my_week(client, db, login_as):
    from tests.factories import make_user

    user = make_user()
    login_as(client, user)
    response = client.get("/week")
    assert response.status_code == 200
