"""Body blocks of news items and volunteer stories: text, headings, quotes, images and galleries."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="引语", max_length=500)
    attribution = blocks.CharBlock(label="说话人", max_length=60, required=False)

    class Meta:
        icon = "openquote"
        label = "引语"
        template = "news/blocks/quote_block.html"


class FigureBlock(blocks.StructBlock):
    # The alternative text is the image's own (required) description, written once at upload.
    image = ImageChooserBlock(label="图片")
    caption = blocks.CharBlock(label="图片说明", max_length=200, required=False)

    class Meta:
        icon = "image"
        label = "图片"
        template = "news/blocks/figure_block.html"


class ArticleBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label="小标题", max_length=60, template="news/blocks/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(label="段落", features=["bold", "italic", "link", "ol", "ul"])
    quote = QuoteBlock()
    image = FigureBlock()
    gallery = blocks.ListBlock(
        FigureBlock(), label="图集", template="news/blocks/gallery_block.html"
    )
