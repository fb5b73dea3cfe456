"""Structured blocks of a government service guide: materials, steps and questions."""

from wagtail import blocks

MATERIAL_FORMS = [("原件", "原件"), ("复印件", "复印件"), ("原件和复印件", "原件和复印件")]


class MaterialBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="材料名称", max_length=100)
    form = blocks.ChoiceBlock(label="原件/复印件", choices=MATERIAL_FORMS)
    copies = blocks.IntegerBlock(label="份数", min_value=0, max_value=20, default=1)
    source = blocks.CharBlock(label="来源", max_length=100)
    notes = blocks.CharBlock(label="备注", max_length=300, required=False)
    sample = blocks.CharBlock(
        label="空白表格/示例", max_length=300, required=False, help_text="例如：社区提供空白表"
    )

    class Meta:
        icon = "doc-full"
        label = "申请材料"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="环节", max_length=60)
    description = blocks.TextBlock(label="说明", max_length=1000)

    class Meta:
        icon = "list-ol"
        label = "办理步骤"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="问题", max_length=200)
    answer = blocks.TextBlock(label="回答", max_length=2000)

    class Meta:
        icon = "help"
        label = "常见问题"
