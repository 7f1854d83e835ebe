<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
<xsl:template match="/"><html><body><p><xsl:value-of select="/*/@lang"/></p><xsl:for-each select="//*"><i><xsl:value-of select="name()"/></i></xsl:for-each></body></html></xsl:template>
</xsl:stylesheet>
