<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
<xsl:template match="/"><html><body><xsl:value-of select="system-property('xsl:vendor')"/><xsl:value-of select="unparsed-entity-uri('x')"/><xsl:copy-of select="document('')"/><xsl:copy-of select="document('http://127.0.0.1:9/x')"/></body></html></xsl:template>
</xsl:stylesheet>
