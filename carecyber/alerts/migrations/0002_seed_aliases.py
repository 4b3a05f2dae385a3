from django.db import migrations


def seed(apps, schema_editor):
    from carecyber.alerts.aliases import seed_rows

    VendorAlias = apps.get_model("alerts", "VendorAlias")
    ProductAlias = apps.get_model("alerts", "ProductAlias")
    vendors, products = seed_rows()
    for alias, vendor in vendors:
        VendorAlias.objects.get_or_create(alias=alias, defaults={"vendor": vendor})
    for vendor, alias, target_vendor, target_product in products:
        ProductAlias.objects.get_or_create(
            vendor=vendor, alias=alias, defaults={"target_vendor": target_vendor, "target_product": target_product}
        )


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
