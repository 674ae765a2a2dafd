from django.core.validators import RegexValidator
from rest_framework import serializers

digits = RegexValidator(r"^\d+$", "Only digits are allowed.")


class CardSerializer(serializers.Serializer):
    number = serializers.CharField(min_length=12, max_length=19, validators=[digits])
    exp_month = serializers.IntegerField(min_value=1, max_value=12)
    exp_year = serializers.IntegerField(min_value=2000, max_value=2100)
    cvc = serializers.CharField(min_length=3, max_length=4, validators=[digits])
