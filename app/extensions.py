"""Flask extensions, created uninitialised; `create_app` binds them to an app."""

from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from app.db import Base

db = SQLAlchemy(model_class=Base)

# The base class of every model. At run time it is db.Model: Base's body on SQLAlchemy's DeclarativeBase plus
# Flask-SQLAlchemy's Model mixin. mypy cannot use an attribute of an object as a base class, so it is told the
# same thing with a class statement.
if TYPE_CHECKING:
    from flask_sqlalchemy.model import Model as FlaskModel

    class Model(FlaskModel, Base):
        pass
else:
    Model = db.Model
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
