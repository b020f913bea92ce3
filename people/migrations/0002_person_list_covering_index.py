"""The 人员信息库 list reads its columns from one index (Person.Meta.indexes): a county supervisor's page sorts every
person its offices registered, and looking each of them up in the table cost more than the sort itself."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0003_path_prefix_indexes'),
        ('people', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['org', 'created_at', 'id', 'uuid', 'name', 'sex', 'ethnicity', 'birth_date', 'id_number_masked', 'phone'], name='person_list_covering'),
        ),
    ]
