<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
<xsl:template match="/"><html><head><script>var x = "&lt;/script&gt;&lt;script&gt;alert(1)//";</script><style>&lt;/style&gt;&lt;img src=x&gt;</style></head><body><script><xsl:text>&lt;!--</xsl:text></script></body></html></xsl:template>
</xsl:stylesheet>
