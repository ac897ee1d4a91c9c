from eventwire.store.place_fields import PRECISIONS, admin1_names, location_precision


def test_precision_words_from_feature_codes():
    assert location_precision("PCLI") == "country"
    assert location_precision("ADM1") == "adm1"
    assert location_precision("ADM2") == "adm2"
    assert location_precision("PPLC") == "town"
    assert location_precision("SEA") == "region"
    assert location_precision("AIRB") == "exact"
    assert location_precision(None, located=False) == "none"
    assert set(PRECISIONS) == {"exact", "town", "adm2", "adm1", "country", "region", "none"}


def test_first_level_divisions_of_towns_and_divisions():
    # GeoNames: Idlib the town (169389) and Latakia (173576) lie in their governorates; Idlib Governorate
    # (169387) is its own division; Washington (4140963) lies in the District of Columbia; an unknown id
    # gets nothing.
    names = admin1_names(["169389", "173576", "169387", "4140963", "999999999"])
    assert names["169389"] == "Idlib"
    assert "Lādhiqīyah" in names["173576"]
    assert names["169387"] == "Idlib"
    assert names["4140963"] == "District of Columbia"
    assert "999999999" not in names
