<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
<xsl:template match="/"><html><body><xsl:text disable-output-escaping="yes">&lt;script&gt;alert(1)&lt;/script&gt;</xsl:text><xsl:value-of select="'&lt;img src=x onerror=alert(1)&gt;'" disable-output-escaping="yes"/></body></html></xsl:template>
</xsl:stylesheet>
