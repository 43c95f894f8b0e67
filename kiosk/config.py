"""Typed configuration: a TOML file, overridden key by key by ``KIOSK_<SECTION>__<KEY>`` variables.

Only the composition roots (``kiosk/cli.py`` and ``ui/app.py``) call :func:`load_config`; everything
else is handed the section it needs.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator
from pydantic_settings import BaseSettings, EnvSettingsSource, PydanticBaseSettingsSource, SettingsConfigDict
from pydantic_settings.sources.utils import parse_env_vars

from kiosk.errors import ConfigError


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PointConfig(_Section):
    name: str = "社区档案便民服务点"
    #: The name in English, for a resident who reads English ("" shows a plain English description).
    name_en: str = ""
    archive_code: str = Field(default="330106", pattern=r"^\d{6}$")
    kiosk_id: str = Field(default="kiosk-01", pattern=r"^[A-Za-z0-9_.-]{1,40}$")
    phone: str = "0571-00000000"
    #: Every time a person reads (screens, receipts, certified copies) is in this zone; times are kept in UTC.
    timezone: str = "Asia/Shanghai"
    address: str = ""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}: an IANA name such as Asia/Shanghai") from None
        return value


class DevicesConfig(_Section):
    idcard: str = "sim://idcard"
    camera: str = "sim://camera"
    receipt: str = "sim://receipt"
    docprinter: str = "sim://docprinter"
    #: WLT photo decoder: "fixture" (demo/tests), "vendor:/path/libwlt2bmp.so", or "none".
    photo_decoder: str = "fixture"
    #: Where a simulated document printer lays its paper (the PDFs it "printed"): paper, not kiosk data,
    #: so outside data.dir.
    sim_paper_dir: str = "var/sim-paper"


class GatewayConfig(_Section):
    url: str = ""
    district_pub: str = ""
    #: The kiosk's TLS credentials folder (cert.pem, key.pem, ca.pem): mutual TLS with the gateway.
    credentials: str = ""
    sync_interval_s: float = Field(default=60.0, gt=0)
    timeout_s: float = Field(default=10.0, gt=0)
    #: Whole-exchange deadlines: one feed batch (or page blob), and one sync run. A gateway slower than
    #: that (a bad link, a peer trickling bytes) is cut off as GATEWAY_TOO_SLOW and asked again later.
    batch_deadline_s: float = Field(default=60.0, gt=0, le=3600)
    run_deadline_s: float = Field(default=600.0, gt=0, le=86400)
    embedded: bool = False


class CertifyConfig(_Section):
    #: The gateway's public check page as phones reach it; the QR holds this URL with the payload.
    check_url: str = Field(default="", pattern=r"^(https?://[A-Za-z0-9.-]+(:\d{1,5})?/?)?$")


class CacheConfig(_Section):
    path: str = "var/cache.sqlite"


class StorageConfig(_Section):
    #: The storage key's file where systemd gives the kiosk no sealed credential (demo, tests, no systemd).
    #: Made 0600 on first use; must lie outside data.dir.
    key_file: str = "keys/storage.key"


class StaffConfig(_Section):
    #: The district's pepper for staff credentials where systemd gives no sealed credential
    #: (kiosk-staff-pepper): a 0600 file outside data.dir, installed from the district.
    pepper_file: str = "keys/staff-pepper"


class SessionConfig(_Section):
    idle_timeout_s: float = Field(default=90.0, gt=0)
    warning_s: float = Field(default=30.0, gt=0)
    hard_cap_s: float = Field(default=1200.0, gt=0)
    max_face_attempts: int = Field(default=3, ge=1, le=10)


class UiConfig(_Section):
    fullscreen: bool = True
    language: Literal["zh_CN", "en"] = "zh_CN"
    elder_mode: bool = False
    high_contrast: bool = False
    width: int = Field(default=1920, ge=640)
    height: int = Field(default=1080, ge=480)
    demo_panel: bool = False
    speech: bool = True
    goodbye_s: float = Field(default=3.0, ge=0, le=30)
    reader_position: Literal["bottom_left", "bottom_centre", "bottom_right", "right"] = "bottom_right"


class DataConfig(_Section):
    dir: str = "var"
    #: Free space on the data folder's disk: below ``warn_free_mb`` diagnostics warn (and health reports
    #: raise DISK_SPACE_LOW while the kiosk still works); below ``min_free_mb`` storage counts as failed.
    warn_free_mb: int = Field(default=1000, ge=0)
    min_free_mb: int = Field(default=200, ge=0)


class UpdateConfig(_Section):
    #: The releases folder of signed updates (``kiosk update apply --releases``); empty when the kiosk is
    #: not installed through them. Reaching the attract screen confirms a freshly switched release there,
    #: so the update watchdog does not roll it back.
    releases: str = ""


class LoggingConfig(_Section):
    dir: str = "var/log"
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Six months at their longest (July to December) are 184 days: Cybersecurity Law art. 21.
    retention_days: int = Field(default=190, ge=184)


#: What a district configuration document may set (``kiosk config publish``): how the service point presents
#: itself and behaves. Everything else identifies this machine (its id, archive code, gateway, keys and files)
#: or names its physical devices and screen, and is set only in its own config/kiosk.toml.
REMOTE_KEYS: dict[str, frozenset[str]] = {
    "point": frozenset({"name", "name_en", "phone", "timezone", "address"}),
    "gateway": frozenset({"sync_interval_s", "timeout_s", "batch_deadline_s", "run_deadline_s"}),
    "certify": frozenset({"check_url"}),
    "session": frozenset({"idle_timeout_s", "warning_s", "hard_cap_s", "max_face_attempts"}),
    "ui": frozenset({"language", "elder_mode", "high_contrast", "speech", "goodbye_s"}),
    "data": frozenset({"warn_free_mb", "min_free_mb"}),
    "logging": frozenset({"level", "retention_days"}),
}


class KioskConfig(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KIOSK_", env_nested_delimiter="__", extra="forbid",
                                      frozen=True, nested_model_default_partial_update=True)

    point: PointConfig = PointConfig()
    devices: DevicesConfig = DevicesConfig()
    gateway: GatewayConfig = GatewayConfig()
    certify: CertifyConfig = CertifyConfig()
    cache: CacheConfig = CacheConfig()
    storage: StorageConfig = StorageConfig()
    staff: StaffConfig = StaffConfig()
    session: SessionConfig = SessionConfig()
    ui: UiConfig = UiConfig()
    data: DataConfig = DataConfig()
    logging: LoggingConfig = LoggingConfig()
    update: UpdateConfig = UpdateConfig()

    #: The file this was read from (relative paths in it are resolved against its folder's parent).
    source: str = ""
    # Where each value came from ("section.key" → "file", "environment", "district point:330106 v3"; absent:
    # the default), and the district documents in force. Set by load_config, never read from a file.
    _origins: dict[str, str] = PrivateAttr(default_factory=dict)
    _district: tuple[Any, ...] = PrivateAttr(default=())
    _file_data: dict[str, Any] = PrivateAttr(default_factory=dict)  # the file as read, to validate overlays on
    _env: Mapping[str, str] | None = PrivateAttr(default=None)

    @property
    def origins(self) -> dict[str, str]:
        return dict(self._origins)

    @property
    def district_documents(self) -> tuple[Any, ...]:
        """The district configuration documents (:class:`kiosk.config_docs.ConfigDocument`) in force."""
        return self._district

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource,
                                   dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource,
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The environment wins over the file: a technician overrides one device without editing TOML.
        return (env_settings, init_settings)

    def resolve(self, path: str) -> Path:
        """A path from config, relative paths taken from the project root the config file lives under."""
        p = Path(path)
        if p.is_absolute() or not self.source:
            return p
        return Path(self.source).resolve().parent.parent / p


def _describe(err: Mapping[str, Any]) -> tuple[str, str]:
    loc = ".".join(str(x) for x in err.get("loc", ()) if x != "__root__")
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return loc, "is not a known key (see config/kiosk.toml for every key)"
    return loc, f"{err.get('msg', 'is invalid')} (got {err.get('input')!r})"


def load_config(path: str | os.PathLike[str] | None, env: Mapping[str, str] | None = None) -> KioskConfig:
    """Read and validate a config file, then lay over it the district documents this kiosk accepted (in its
    data folder, checked again against the district key): the environment still wins over both. Any problem
    with the file becomes one :class:`ConfigError` naming file and key."""
    data: dict[str, Any] = {}
    where = str(path) if path else "<defaults>"
    if path is not None:
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{where}: file not found", detail={"file": where}) from None
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError(f"{where}: cannot read: {e}", detail={"file": where}) from None
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{where}: not valid TOML: {e}", detail={"file": where}) from None
        data["source"] = str(p.resolve())
    environ = os.environ if env is None else env
    local = _validated(data, env, where, environ)
    from_env = {k for k in _keys_of(local) if "KIOSK_" + k.upper().replace(".", "__") in environ}
    origins = {k: "file" for k in _keys_of(local) if _has(data, k)} | {k: "environment" for k in from_env}
    docs = _district_documents(local) if path is not None else ()
    config = local
    if docs:
        overlay: dict[str, Any] = {}
        for doc in docs:  # the point's first, then the kiosk's own: the narrower scope wins
            overlay = _merge(overlay, doc.settings)
        try:
            config = _validated(_merge(data, overlay), env, where, environ)
        except ConfigError:  # the file changed under settings accepted with the old one: the file alone
            config, docs = local, ()
        for doc in docs:
            origins |= {f"{section}.{key}": f"district {doc.scope} v{doc.version}"
                        for section, values in doc.settings.items() for key in values}
        origins |= {k: "environment" for k in from_env}
    config._origins = origins
    config._district = tuple(docs)
    config._file_data, config._env = data, env
    return config


def with_district_settings(config: KioskConfig, settings: list[Mapping[str, Any]], where: str) -> KioskConfig:
    """What ``config``'s file would give with these district settings laid over it (the environment still
    winning), validated by the same model: a :class:`ConfigError` naming ``where`` and the key otherwise."""
    data = config._file_data
    for part in settings:
        data = _merge(data, part)
    environ = os.environ if config._env is None else config._env
    return _validated(data, config._env, where, environ)


def _validated(data: dict[str, Any], env: Mapping[str, str] | None, where: str,
               environ: Mapping[str, str]) -> KioskConfig:
    try:
        if env is None:
            return KioskConfig(**data)
        # The given variables instead of the process's: read here, never written into os.environ (another
        # thread, or the next load, would see them).
        merged = _merge(data, _MappingEnvSource(KioskConfig, env)())
        checked = _FileOnlyConfig(**merged)
        return KioskConfig.model_construct(_fields_set=checked.model_fields_set,
                                           **{name: getattr(checked, name) for name in KioskConfig.model_fields})
    except ValidationError as e:
        problems = [_describe(err) for err in e.errors()]
        key, what = problems[0]
        env_name = "KIOSK_" + key.upper().replace(".", "__")
        origin = f" (or environment variable {env_name})" if env_name in environ else ""
        msg = f"{where}: key '{key}'{origin} {what}"
        if len(problems) > 1:
            msg += f"; and {len(problems) - 1} more: " + ", ".join(k for k, _ in problems[1:])
        raise ConfigError(msg, detail={"file": where, "key": key, "problems": [f"{k} {w}" for k, w in problems]}
                          ) from None


def _keys_of(config: KioskConfig) -> list[str]:
    return [f"{section}.{key}" for section, model in type(config).model_fields.items() if section != "source"
            for key in model.annotation.model_fields]  # type: ignore[union-attr]


def _has(data: Mapping[str, Any], dotted: str) -> bool:
    section, key = dotted.split(".", 1)
    return isinstance(data.get(section), Mapping) and key in data[section]


def _district_documents(config: KioskConfig) -> tuple[Any, ...]:
    """The accepted documents for this kiosk, each verified again (a file edited on the disk counts for
    nothing); none without a district key."""
    from kiosk.config_docs import accepted_documents
    from kiosk.paths import DISTRICT_CONFIG_FILE

    if not config.gateway.district_pub:
        return ()
    return accepted_documents(config.resolve(config.data.dir) / DISTRICT_CONFIG_FILE,
                              config.resolve(config.gateway.district_pub), scopes_of(config))


def scopes_of(config: KioskConfig) -> tuple[str, str]:
    """The document scopes that apply to this kiosk, the broader first."""
    return f"point:{config.point.archive_code}", f"kiosk:{config.point.kiosk_id}"


class _MappingEnvSource(EnvSettingsSource):
    """KIOSK_* variables read from a given mapping instead of os.environ."""

    def __init__(self, settings_cls: type[BaseSettings], env: Mapping[str, str]):
        self._given = {k: v for k, v in env.items() if k.startswith("KIOSK_")}
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return parse_env_vars(self._given, self.case_sensitive, self.env_ignore_empty, self.env_parse_none_str)


class _FileOnlyConfig(KioskConfig):
    """Validation of already-gathered values (file and given variables): the process's environment unread."""

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource,
                                   dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource,
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` wins, section by section (the environment over the file)."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(dict(out[key]), value)
        else:
            out[key] = value
    return out
