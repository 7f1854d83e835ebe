<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
<xsl:template match="/"><html><xsl:for-each select="//node()">
<xsl:message>seen <xsl:value-of select="name()"/></xsl:message></xsl:for-each></html></xsl:template>
</xsl:stylesheet>
